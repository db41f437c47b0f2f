"""Server-rendered pages in the NHS.UK design system; each works without JavaScript."""
