"""The vending example's Python side: the actions its flow calls."""
