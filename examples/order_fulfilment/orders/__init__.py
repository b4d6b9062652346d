"""The order-fulfilment example's actions."""
