"""Model files shipped inside the package (trained by the scripts in ``tools/``)."""
