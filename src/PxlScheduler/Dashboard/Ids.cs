using System.Text;

namespace PxlScheduler.Dashboard;

/// <summary>A name made fit for an element id or a class: letters and digits kept, anything else a dash.</summary>
internal static class Ids
{
    public static string Of(string name)
    {
        var id = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            id.Append(char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-');
        }

        return id.ToString();
    }
}
