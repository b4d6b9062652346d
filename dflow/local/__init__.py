"""Running flows locally: in memory, on the SDK's local runner, with mocked actions."""
