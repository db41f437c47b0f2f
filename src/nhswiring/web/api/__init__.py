"""The JSON API, /api/v1: public reads of the register and the law, judgements and
scenarios, and each organisation's own provider selection cases."""
