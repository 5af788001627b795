using System.Globalization;
using System.Text.RegularExpressions;

namespace PxlScheduler.Core.Retention;

/// <summary>
/// The name pxl gives a run log (<see cref="Runs.RunLog.Create"/>): <c>YYYYMMDDTHHMMSS.log</c> for the UTC start,
/// <c>YYYYMMDDTHHMMSS-N.log</c> (N from 2) for a further run in the same second. Retention touches nothing else.
/// </summary>
internal static partial class RunLogName
{
    /// <summary>The run's start and its place among the runs of that second (1 for the first), or null for any other name.</summary>
    public static (DateTimeOffset StartedAt, int Suffix)? Parse(string fileName)
    {
        if (Pattern().Match(fileName) is not { Success: true } match
            || !DateTime.TryParseExact(match.Groups["start"].Value, "yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var start))
        {
            return null;
        }

        var suffix = 1;
        if (match.Groups["n"].Success && (!int.TryParse(match.Groups["n"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out suffix) || suffix < 2))
        {
            return null;
        }

        return (new DateTimeOffset(start, TimeSpan.Zero), suffix);
    }

    [GeneratedRegex(@"^(?<start>[0-9]{8}T[0-9]{6})(-(?<n>[0-9]{1,9}))?\.log$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
