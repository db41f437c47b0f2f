"""Thin entry points: parse input, call the service layer, render the answer."""
