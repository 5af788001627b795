namespace PxlScheduler.Core.Checks;

/// <summary>What a probe found: whether the prerequisite holds, and a short detail either way (a version, a reason).</summary>
internal sealed record CheckProbe(bool Passed, string Detail)
{
    public static CheckProbe Pass(string detail) => new(true, detail);

    public static CheckProbe Fail(string detail) => new(false, detail);
}
