using System.CommandLine;

namespace PxlScheduler.Commands;

/// <summary>The flags of `pxl run` (SPEC 3). Unset flags fall back to configuration (<c>Cycle</c>, <c>Modes</c>, <c>Paths</c>).</summary>
internal sealed class RunOptions
{
    public Option<int?> Iterations { get; } = new("--iterations") { Description = "Run N cycles whatever their outcome (fewer when halted or stopped). Default 1." };

    public Option<bool> Continuous { get; } = new("--continuous") { Description = "Run cycles back to back until stopped, halted or interrupted." };

    public Option<double> Sleep { get; } = new("--sleep") { Description = "Seconds between the end of a cycle and the start of the next.", DefaultValueFactory = _ => 60 };

    public Option<double?> Timeout { get; } = new("--timeout") { Description = "Seconds before a cycle's process tree is stopped (default: Cycle:TimeoutSeconds)." };

    public Option<string?> Mode { get; } = new("--mode") { Description = "Planner mode (default: Cycle:DefaultMode)." };

    public Option<string?> Goal { get; } = new("--goal") { Description = "Goal text; overrides the mode's goal." };

    public Option<int?> MaxFailures { get; } = new("--max-failures") { Description = "Consecutive failures that halt the run, exit 3; 0 never halts (default 5)." };

    public Option<double?> MaxBackoff { get; } = new("--max-backoff") { Description = "Longest wait before a retry, in seconds (default 3600)." };

    public Option<double?> BackoffBase { get; } = new("--backoff-base") { Description = "First wait after a failure, doubling after each further one (default: the sleep, at least 1 s)." };

    public Option<string?> StopFile { get; } = new("--stop-file") { Description = "Kill switch: while this file exists no new cycle starts (default state/run_cycle.stop)." };

    public Option<int?> CapWrites { get; } = new("--cap-writes") { Description = "Files a cycle may write under sandbox/ (default 3)." };

    public Option<bool> Wait { get; } = new("--wait") { Description = "When another pxl run or pxl serve is running cycles in this workspace, wait for it to end instead of exiting 2." };

    public Option<string?> Command { get; } = new("--command") { Description = "The cycle command (default: Cycle:Command)." };

    public Argument<string[]> CommandArguments { get; } = new("arguments")
    {
        Description = "After --: the cycle's arguments (with --command), or the command and its arguments. Placeholders {mode} {goal} {capWrites} {runId} are expanded.",
        Arity = ArgumentArity.ZeroOrMore,
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Iterations);
        command.Options.Add(Continuous);
        command.Options.Add(Sleep);
        command.Options.Add(Timeout);
        command.Options.Add(Mode);
        command.Options.Add(Goal);
        command.Options.Add(MaxFailures);
        command.Options.Add(MaxBackoff);
        command.Options.Add(BackoffBase);
        command.Options.Add(StopFile);
        command.Options.Add(CapWrites);
        command.Options.Add(Wait);
        command.Options.Add(Command);
        command.Arguments.Add(CommandArguments);
    }
}
