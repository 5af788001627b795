namespace PxlScheduler.Dashboard;

/// <summary>
/// Markup that is already safe: built by <see cref="HtmlWriter"/> (whose holes are encoded) or a constant. An
/// <see cref="Html"/> hole in an <see cref="HtmlWriter"/> template goes in as it is; any other hole is encoded.
/// </summary>
internal readonly record struct Html(string Markup)
{
    public static Html Empty { get; } = new("");

    public override string ToString() => Markup;
}
