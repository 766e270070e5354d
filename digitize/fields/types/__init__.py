"""One module per document type: labels, layout and which field each value is."""
