"""The web app and the JSON API: thin entry points over the service layer.

No rule of the law or the register lives here: pages and API routes parse the request, call
the service layer, and render what it returns (HTML in the NHS.UK design system, or JSON).
"""
