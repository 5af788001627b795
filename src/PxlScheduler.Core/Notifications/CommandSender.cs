using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using PxlScheduler.Core.Configuration;
using PxlScheduler.Core.Processes;

namespace PxlScheduler.Core.Notifications;

/// <summary>
/// A <c>command</c> channel: the program started without a shell (through <see cref="CycleProcessRunner"/>, so a
/// timeout stops its whole tree), the event JSON on its stdin, <c>PXL_EVENT</c> and <c>PXL_EVENT_ID</c> in its
/// environment, the repository root as its working directory; exit 0 delivers.
/// </summary>
internal sealed class CommandSender(CycleProcessRunner runner, Workspace workspace, IOptions<CycleOptions> cycle) : IChannelSender
{
    public string Type => "command";

    public async Task<DeliveryAnswer> SendAsync(NotificationChannelOptions channel, NotificationEvent notification, string payload, CancellationToken cancellationToken)
    {
        var command = channel.Command!;
        var fileName = command.Contains('/', StringComparison.Ordinal) ? workspace.Resolve(command) : command;
        var spec = new ProcessSpec(
            fileName,
            channel.Arguments,
            workspace.Root,
            new Dictionary<string, string> { ["PXL_EVENT"] = notification.Event, ["PXL_EVENT_ID"] = notification.Id },
            TimeSpan.FromSeconds(channel.TimeoutSeconds),
            TimeSpan.FromSeconds(Math.Min(cycle.Value.KillGraceSeconds, 5)),
            payload + "\n");
        var output = new CapturedOutput();
        var outcome = await runner.RunAsync(spec, output, cancellationToken);
        return outcome.Exit switch
        {
            ProcessExit.Exited => new DeliveryAnswer(
                outcome.ExitCode == 0,
                string.Create(CultureInfo.InvariantCulture, $"exit code {outcome.ExitCode}") + output.Excerpt()),
            ProcessExit.TimedOut => new DeliveryAnswer(false, string.Create(CultureInfo.InvariantCulture, $"timeout after {channel.TimeoutSeconds} s") + output.Excerpt()),
            ProcessExit.StartFailed => new DeliveryAnswer(false, outcome.Error ?? "could not be started"),
            _ => new DeliveryAnswer(false, "cancelled"),
        };
    }

    /// <summary>The first bytes the command printed, for the answer.</summary>
    private sealed class CapturedOutput : IProcessLog
    {
        private const int Limit = 400;
        private readonly List<byte> _bytes = [];

        public Task WriteOutputAsync(ReadOnlyMemory<byte> output, CancellationToken cancellationToken)
        {
            lock (_bytes)
            {
                if (_bytes.Count < Limit)
                {
                    _bytes.AddRange(output.Span[..Math.Min(output.Length, Limit - _bytes.Count)]);
                }
            }

            return Task.CompletedTask;
        }

        public Task WriteNoteAsync(string note, CancellationToken cancellationToken) => Task.CompletedTask;

        public string Excerpt()
        {
            string text;
            lock (_bytes)
            {
                text = Encoding.UTF8.GetString([.. _bytes]).ReplaceLineEndings(" ").Trim();
            }

            return text.Length == 0 ? "" : $": {text}";
        }
    }
}
