"""Page OCR: ingest, preprocessing, Tesseract, and the searchable PDF."""
