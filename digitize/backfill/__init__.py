"""The nightly backfill job: discovery, a durable ledger, local or Dask execution."""
