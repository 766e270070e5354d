"""The per-citizen archive: OCFL storage, the SQL index, the audit log, the registers."""
