namespace PxlScheduler.Core.Configuration;

/// <summary>
/// Expands the cycle command's argument template. Each template item becomes exactly one argument:
/// a goal full of spaces, quotes or <c>$(…)</c> stays one argument and is never interpreted.
/// </summary>
public static class ArgumentTemplate
{
    /// <summary>The placeholders a template may use.</summary>
    public static readonly IReadOnlyList<string> Placeholders = ["{mode}", "{goal}", "{capWrites}", "{runId}"];

    public static IReadOnlyList<string> Expand(IReadOnlyList<string> template, string mode, string goal, int capWrites, string runId)
    {
        var capText = capWrites.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var expanded = new string[template.Count];
        for (var i = 0; i < template.Count; i++)
        {
            expanded[i] = template[i]
                .Replace("{mode}", mode, StringComparison.Ordinal)
                .Replace("{goal}", goal, StringComparison.Ordinal)
                .Replace("{capWrites}", capText, StringComparison.Ordinal)
                .Replace("{runId}", runId, StringComparison.Ordinal);
        }

        return expanded;
    }

    /// <summary>
    /// Each item of <paramref name="template"/> that uses an unknown placeholder, by index, with the problem in words;
    /// the one check of <c>Cycle:Arguments</c> and of a schedule file's <c>args</c>.
    /// </summary>
    public static IEnumerable<(int Index, string Problem)> Problems(IReadOnlyList<string> template) =>
        template.SelectMany((item, i) => UnknownPlaceholders(item).Select(unknown =>
            (i, $"uses unknown placeholder {unknown}; known: {string.Join(", ", Placeholders)}")));

    /// <summary>The brace-delimited words in <paramref name="item"/> that are not known placeholders.</summary>
    public static IEnumerable<string> UnknownPlaceholders(string item)
    {
        var start = item.IndexOf('{', StringComparison.Ordinal);
        while (start >= 0)
        {
            var end = item.IndexOf('}', start + 1);
            if (end < 0)
            {
                yield break;
            }

            var word = item[start..(end + 1)];
            if (!Placeholders.Contains(word))
            {
                yield return word;
            }

            start = item.IndexOf('{', end + 1);
        }
    }
}
