"""The site's pages, one module each."""
