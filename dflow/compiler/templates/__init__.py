"""The jinja2 templates of generated handlers, and their shipped compiled form."""
