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

Markers are HTML comments, invisible to the reader. One that opens a paragraph stands on
its own line after a blank line; inside a paragraph it goes at the end of the line before
(a comment that starts a line ends the paragraph there); inside a list item it stands
alone with a blank line before its display (a comment line swallows the display after it).
``tests/website/test_equations.py`` checks all three. A heading ends every definition; a
``let`` or ``vectors`` marker lasts until the next heading of the same or a higher level.

    ``<!-- define: u, v -->``
        In its paragraph the equations whose left side is ``u``, ``u(x)``, ``y(x_1, x_2)``
        or any other written form define it, read before the paragraph's other relations;
        later spans use the definition (a wrong definition makes the steps that use it
        fail). A name no equation starts with is solved for from the equation it is in.
    ``<!-- let: f = elu alpha=\alpha -->``
        ``f`` (any name: ``ReLU6``, ``\operatorname{GELU}_{\tanh}``) is that actlib
        activation as its metadata prints it, and ``f'`` its printed derivative, which
        gives actlib's convention at a kink. A parameter set to a symbol stays live, drawn
        from its slider's range; the others, and the activation's constants, take their
        values. ``let: s = softmax`` in a vectors scope binds a vector function.
    ``<!-- assume: x > 0; b = 4 -->``
        The next span that states a relation holds where these conditions do: points are
        drawn there (``b = 4`` fixes b; an equation in one unknown, ``f'(x) = 0``, is solved
        for it from each starting point).
    ``<!-- unchecked: REASON -->``
        The next span that states a relation is not a claim a test can read (notation, a
        definition for any function, a matrix form of entries checked elsewhere, a
        floating-point outcome). The reason is required, and :func:`unchecked_markers`
        lists them all for review.
    ``<!-- vectors: z, s; K = 3 [; definitions] -->``
        Index notation over vectors of length K: ``z_i`` are components, ``i, j, k, l``
        indices, a sum without limits runs over all K, ``\delta_{ij}`` is Kronecker's, a
        name with two indices (``w_{jk}``) is a matrix entry; a relation with free indices
        holds at every value of them, and one between whole vectors at every entry. The
        definitions after K (``p = sparsemax(z)``, ``z_i \in (-1, 1)``) hold as long as the
        marker does.
    ``<!-- arbitrary: L(s) -->``
        L is any smooth function of the vector s: a relation that holds for every such L
        (the chain rule) is checked on a quadratic one with random coefficients.

What is not a claim, by rule (no marker needed)
    * a condition or a location: a relation between a bare variable and constants or other
      bare variables (``x > 0``, ``-3 < x < 3``, ``x = 0``, ``\lvert x \rvert \ge 3``), a
      place on the x-axis (``x = k\pi/\omega``) or a point of constants (``z = (1000, 0)``);
      ``\approx`` is never a condition, and an inequality on a defined name is a claim;
    * set membership (``p \in (0, 1)``), which also restricts where that variable is drawn
      in the rest of the section;
    * a span with a macro (``{{ fact(...) }}``), or one that ends in a relation completed by
      the macro after it (``$f'(0) =$ {{ fact(...) }}``): its value comes from actlib at
      build time.

The package reads a page in layers, each using only those before it: ``base`` (precision,
spans, markers, the scope), ``reading`` (a page's headings, markers and spans),
``statements`` (a span's relations, and which are conditions), ``notation`` (LaTeX as
SymPy in a scope), ``evaluation`` (both sides at seeded points) and ``page`` (a page, top to
bottom).

An ``\approx`` holds to half a unit in the last digit written on its literal side
(``\approx 709.78``: within 0.005), or to 1% where neither side is a literal number. An
``=`` holds to 30 significant digits.
"""

from tests.website.claims.base import ClaimError, Outcome, Span
from tests.website.claims.page import check_page
from tests.website.claims.reading import unchecked_markers
from tests.website.claims.statements import statements

__all__ = ["ClaimError", "Outcome", "Span", "check_page", "statements", "unchecked_markers"]
