"""The course style: log axes labelled with plain numbers, in the library and in a lesson."""


def test_log_axes_are_labelled_with_plain_numbers_in_the_labels_own_size(monkeypatch):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib import scale

    # matplotlib's own "log" scale to start with, whatever an earlier test registered; the
    # registry and rcParams are put back afterwards
    monkeypatch.setitem(scale._scale_mapping, "log", scale.LogScale)  # noqa: SLF001
    if hasattr(scale, "_scale_has_axis_parameter"):  # matplotlib >= 3.11
        monkeypatch.setitem(scale._scale_has_axis_parameter, "log", True)  # noqa: SLF001

    with matplotlib.rc_context():
        check_plain_log_labels(plt)
    plt.close("all")


def check_plain_log_labels(plt):
    from course_utils import gradient_descent, make_linear_data, use_course_style
    from course_utils.plotting import plot_losses

    def labels(axis, minor=False):
        axis.figure.canvas.draw()
        low, high = sorted(axis.get_view_interval())
        return [
            t.get_text()
            for tick, t in zip(axis.get_ticklocs(minor=minor), axis.get_ticklabels(minor=minor))
            if t.get_text() and low <= tick <= high
        ]

    before = plt.figure().subplots()
    before.semilogy([1, 1000])  # the learner's own axis, before the course style: untouched
    assert all(text.startswith("$") for text in labels(before.yaxis))
    # a library figure: plain numbers whether or not the learner called use_course_style()
    run = gradient_descent(*make_linear_data(), lr=0.01, epochs=50)
    assert labels(plot_losses([run]).yaxis) == ["10", "100"]
    before.semilogy([1, 1000])
    assert all(text.startswith("$") for text in labels(before.yaxis))  # still untouched
    use_course_style()
    mine = plt.figure().subplots()
    mine.semilogy([0.001, 1000])
    assert labels(mine.yaxis) == ["0.001", "0.01", "0.1", "1", "10", "100", "1000"]
    narrow = plt.figure().subplots()
    narrow.semilogy([2, 9])  # under one decade: matplotlib labels some minor ticks
    assert labels(narrow.yaxis, minor=True) == ["2", "3", "4", "6"]
    plt.close("all")


def test_wide_log_views_mark_2_and_5_and_label_what_matplotlib_labels():
    """PlainLogLocator against matplotlib's own minor locator (2 to 9 of each decade), view by
    view: the same labelled ticks everywhere; on a wide view only 2 and 5 of each decade; with
    another base, or subs a learner sets, exactly matplotlib's ticks."""
    import math

    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure
    from matplotlib.ticker import LogLocator

    from course_utils.style import PlainLogScale

    def minor_ticks(view, matplotlibs, base=10, subs=None):
        ax = Figure().subplots()
        ax.set_yscale(PlainLogScale(base=base))
        if matplotlibs:
            ax.yaxis.set_minor_locator(LogLocator(base, subs=subs or "auto"))
        elif subs is not None:  # the learner's own choice, on the course's locator
            ax.yaxis.get_minor_locator().set_params(subs=subs)
        ax.set_ylim(*view)
        ax.figure.canvas.draw()
        shown = [
            (tick, label.get_text())
            for tick, label in zip(ax.yaxis.get_minorticklocs(), ax.get_yticklabels(minor=True))
            if min(view) <= tick <= max(view)
        ]
        return [t for t, _ in shown], [(t, s) for t, s in shown if s]

    wide_views = [(1.5, 500), (0.001, 1000), (0.5, 20), (0.9, 11), (2.0, 1e6), (500, 1.5)]
    short_views = [(2, 9), (0.23, 2.2), (1.0, 10.0), (150, 900), (0.05, 0.2)]
    for view in wide_views + short_views:
        mine, mine_labelled = minor_ticks(view, matplotlibs=False)
        theirs, theirs_labelled = minor_ticks(view, matplotlibs=True)
        assert mine_labelled == theirs_labelled, view
        if view in short_views:
            assert mine == theirs, view
        else:
            steps = {round(t / 10 ** math.floor(math.log10(t) + 1e-9), 6) for t in mine}
            assert mine and steps <= {2.0, 5.0}, (view, mine)
            assert len(mine) < len(theirs), view
    for base, view in [(2, (0.3, 50)), (2, (1, 5)), (4, (1, 64)), (math.e, (1, 1000))]:
        assert minor_ticks(view, False, base) == minor_ticks(view, True, base), (base, view)
    for subs in ([3.0], [2.0, 4.0, 6.0, 8.0]):  # set on the locator: kept on a wide view too
        assert minor_ticks((1.5, 500), False, subs=subs) == minor_ticks((1.5, 500), True, subs=subs)
