"""Stand-ins for services the build machines cannot run (an Elasticsearch server)."""
