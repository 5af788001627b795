namespace PxlScheduler.Bench.Perf;

/// <summary>Finds the repository root: the first folder holding PxlScheduler.sln, above the current directory or above this program.</summary>
internal static class Repository
{
    public static string Find()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "PxlScheduler.sln")))
                {
                    return directory.FullName;
                }
            }
        }

        throw new InvalidOperationException("PxlScheduler.sln not found above the current directory; run from the repository.");
    }
}
