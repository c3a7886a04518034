"""The exact answers, independent of actlib: ``oracles`` (each activation in SymPy and
mpmath, typed from the papers or read from the printed formula), ``reference.npz``
(mpmath values on a grid: its format in ``reference_file``, its values from
``exact_values``, written by ``make_reference``), ``derive_constants`` (the zeros and
Taylor series actlib stores) and ``ulp`` (the error measure). The tests and the accuracy
page and report use them; nothing here imports the tests."""
