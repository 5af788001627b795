using PxlScheduler.Core.Processes;
using PxlScheduler.Tests.Support;

namespace PxlScheduler.Tests.Schedules;

/// <summary>
/// Schedule files that are not regular files, or not what pxl reads: refused without blocking or reading without end,
/// each named with what it is; a <c>*.JSON</c> in upper case is named as ignored.
/// </summary>
public sealed class ScheduleFileKindsTests : IDisposable
{
    private readonly TempWorkspace _ws = new();

    public ScheduleFileKindsTests() => _ws.WriteFile("schedules/nightly.json", """{ "cron": "0 3 * * *" }""");

    public void Dispose() => _ws.Dispose();

    [Fact]
    public async Task Validate_FifoAndLinkToDevZero_AreRefusedNamingWhatTheyAre()
    {
        Mkfifo(_ws.PathOf("schedules/pipe.json"));
        File.CreateSymbolicLink(_ws.PathOf("schedules/zero.json"), "/dev/zero");

        var run = await PxlCli.RunAsync(_ws.Root, "schedules", "validate").WaitAsync(TimeSpan.FromSeconds(60));

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("pxl: error: schedules/pipe.json: is a FIFO (named pipe), not a regular file", run.Error, StringComparison.Ordinal);
        Assert.Contains("pxl: error: schedules/zero.json: is a character device, not a regular file", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("nightly", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_FileOverOneMiB_IsRefusedNamingTheLimit()
    {
        _ws.WriteFile("schedules/huge.json", "{ \"cron\": \"0 3 * * *\" }" + new string(' ', 1024 * 1024));

        var run = await PxlCli.RunAsync(_ws.Root, "schedules", "validate");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("schedules/huge.json: has 1048599 bytes, more than the limit of 1 MiB", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_LinkToARegularFile_IsRead()
    {
        var target = _ws.WriteFile("elsewhere/weekly.json", """{ "cron": "0 4 * * 1" }""");
        File.CreateSymbolicLink(_ws.PathOf("schedules/weekly.json"), target);

        var run = await PxlCli.RunAsync(_ws.Root, "schedules", "validate");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("2 schedule(s) valid", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_UpperCaseExtension_IsNamedAsIgnored()
    {
        _ws.WriteFile("schedules/WEEKLY.JSON", """{ "cron": "0 4 * * 1" }""");

        var run = await PxlCli.RunAsync(_ws.Root, "schedules", "validate");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("pxl: warning: schedules/WEEKLY.JSON: ignored: only files ending in '.json' (lower case) are read", run.Error, StringComparison.Ordinal);
        Assert.Contains("1 schedule(s) valid", run.Output, StringComparison.Ordinal);
    }

    internal static void Mkfifo(string path)
    {
        using var mkfifo = ChildProcesses.Start(new System.Diagnostics.ProcessStartInfo("mkfifo", [path]));
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
    }
}
