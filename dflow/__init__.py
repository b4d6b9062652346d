"""dflow: compile readable workflow files into AWS Lambda durable handlers."""

__version__ = "0.1.0"
