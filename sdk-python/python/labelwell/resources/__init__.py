"""The namespaces of `labelwell.Client`, one module per group of API resources."""
