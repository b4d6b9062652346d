"""The travel-booking example's actions."""
