using System.Globalization;
using System.Security.Cryptography;

namespace PxlScheduler.Core.Runs;

/// <summary>Run ids: the UTC start second (so they sort by time) and a random suffix (so they never collide).</summary>
public static class RunIds
{
    public static string New(DateTimeOffset now) =>
        now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture) + "-" +
        Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
}
