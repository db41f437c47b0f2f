"""Hypothetical regimes: proposals that were never law, each written as amendments to the
regime it would have changed. Sources and confidence: docs/research/proposals.md."""
