r"""Every equation a reader reads is a claim, and a claim is checked.

:func:`check_page` reads a Markdown page top to bottom, takes every math span (``$...$``
and ``$$...$$``) that states a relation (``=``, ``\approx``, ``<``, ``\le``, ``>``, ``\ge``,
``\ne``) and verifies it with SymPy and mpmath: both sides are read as expressions, the
page's own definitions and the named functions (``latex_functions``) are substituted, and
the relation must hold at many points, evaluated with 50 significant digits.

What a span may use
    ``x`` and any other letter are variables, sampled at seeded random points (Latin
    letters in (-4, 4), Greek letters, the parameters, in (0.1, 3)); the named functions
    (sigma, tanh, softplus, Phi, ...); primes (``\sigma'(x)``, ``u''(x)``) are derivatives;
    ``\lim_{x \to a}`` is a limit; a ``cases`` block is a piecewise function; a series
    ``\sum_{n \ge 0}`` runs to infinity; ``\mathbb E[g(z)]`` of a normal variable (declared
    by a span ``z \sim \mathcal N(0, 1)`` earlier in the section, or in E's subscript) is the
    integral of g against its density, by quadrature; a let-bound function with a live
    parameter takes it after a semicolon, ``\operatorname{CELU}(x; \alpha)``.

Markers, on their own line before the paragraph or display they apply to (up to the next
blank line); a heading ends every definition and ``let``:

    ``<!-- define: u, v -->``
        In that paragraph the equations whose left side is ``u``, ``u(x)``, ``v`` or
        ``v(x)`` define it; later spans use the definition (a wrong definition makes the
        steps that use it fail).
    ``<!-- let: f = elu alpha=1.5 -->``
        Until the next heading of the same or a higher level, ``f`` is that actlib
        activation, read from its metadata formula (its derivative from the formula's).
    ``<!-- assume: x > 0 -->``
        The next span that states a relation holds where these conditions do (several,
        separated by ``;``); the points are drawn there.
    ``<!-- unchecked: REASON -->``
        The next span that states a relation is not a claim a test can read (notation, a schematic
        shape, a floating-point statement checked elsewhere). The reason is required, and
        :func:`unchecked_markers` lists them all for review.

What is not a claim, by rule (no marker needed)
    * a condition or a location: a relation between a bare variable and constants or other
      bare variables (``x > 0``, ``-3 < x < 3``, ``x = 0``, ``\lvert x \rvert \ge 3``);
      ``\approx`` is never a condition;
    * set membership (``p \in (0, 1)``), which also restricts where that variable is drawn
      in the rest of the section;
    * a span with a macro (``{{ fact(...) }}``): its value comes from actlib at build time.

An ``\approx`` holds to half a unit in the last digit written on its literal side
(``\approx 709.78``: within 0.005), or to 1% where neither side is a literal number. An
``=`` holds to 30 significant digits.
"""

from tests.website.claims.base import ClaimError, Outcome, Span
from tests.website.claims.page import check_page
from tests.website.claims.reading import unchecked_markers
from tests.website.claims.statements import statements

__all__ = ["ClaimError", "Outcome", "Span", "check_page", "statements", "unchecked_markers"]
