"""The document-pipeline example's actions."""
