"""The government's 2026 assignment answered with data (chapter ``resursallokering``).

One module per question: :mod:`.scenarios` (1, capacity-constrained scenarios),
:mod:`.mechanisms` (2, what holds the share back), :mod:`.grants` (3, state grants as a dose),
:mod:`.shift` (4–5, from regional to municipal care), :mod:`.datamap` (6, the data needed);
:mod:`.panel` holds the fixed-effects model they share and :mod:`.headlines` the front-page
sentences. All functions are pure: tables in, tables out.
"""
