using System.Runtime.CompilerServices;

namespace PxlScheduler.Tests.Support;

/// <summary>What every `pxl` the tests start shares, set once as the test assembly loads.</summary>
internal static class TestEnvironment
{
    /// <summary>
    /// `serve` listens on a port the system picks (it prints it: "pxl serve: listening on …"), so the tests' many serves,
    /// in this process and in children (which inherit the variable), never fight over the default 8470.
    /// </summary>
    [ModuleInitializer]
    internal static void FreePortForServe() => Environment.SetEnvironmentVariable("PXL_Http__Urls", "http://127.0.0.1:0");
}
