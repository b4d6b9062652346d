"""The durable SDK release the generated handlers are written and tested for.

`dflow build` pins it in the deployed function's `requirements.txt`; the
`run` and `test` extras of `pyproject.toml` pin the same release (a test
keeps them together).
"""

SDK_DISTRIBUTION = "aws-durable-execution-sdk-python"
SDK_VERSION = "3.0.0"
SDK_REQUIREMENT = f"{SDK_DISTRIBUTION}=={SDK_VERSION}"
# The oldest boto3 whose Lambda client has the durable execution APIs the SDK
# and the callback endpoint call (the SDK's own lower bound).
BOTO3_REQUIREMENT = "boto3>=1.43.114"
