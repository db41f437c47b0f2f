"""The home page and search."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from nhswiring.web.deps import PublicSnapshot
from nhswiring.web.templating import render

router = APIRouter(include_in_schema=False)

CARDS = [
    ("/bodies", "Bodies on a date",
     "Every CCG, ICB, trust and national body in force on any date since April 2013."),
    ("/who-commissions", "Who commissions",
     "Who holds a function for an area on a date, and who exercises it, by which delegation."),
    ("/check", "Is this action lawful?",
     "Judge an action under the law in force on its date, with every rule cited."),
    ("/compare", "Compare regimes",
     "One scenario under the 2012 law, the 2019 proposals, the 2021 white paper and the 2022 Act."),
    ("/finance", "Money as law",
     "What NHS England allocated to each ICB, the limits set and the financial duties tested."),
    ("/law", "The law as code", "Every rule, its citation and the dates it is in force."),
    ("/cases", "Provider selection cases",
     "Run a PSR procurement step by step (sign in as your organisation)."),
]  # fmt: skip


@router.get("/", response_class=HTMLResponse)
def home(request: Request, snapshot: PublicSnapshot) -> Response:
    cards = [{"href": h, "heading": t, "text": x} for h, t, x in CARDS]
    return render(request, "home.html", {"cards": cards})


@router.get("/search", response_class=HTMLResponse)
def search(request: Request, snapshot: PublicSnapshot, q: str = "") -> Response:
    """Search bodies by code or name (a code that matches exactly goes straight to it)."""
    text = q.strip()
    register = snapshot.register
    if text and register.lives(text.upper()):
        return RedirectResponse(f"/bodies/{text.upper()}", status_code=303)
    return RedirectResponse(f"/bodies?q={text}", status_code=303)
