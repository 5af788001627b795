using Microsoft.Extensions.Hosting;

namespace PxlScheduler.Hosting;

/// <summary>
/// A host whose disposal cannot turn a finished command into a failure: the log file's last flush on a full disk
/// (Serilog's file sink throws it from <c>Dispose</c>) becomes one warning line on stderr, after the command's own
/// output and with its exit code kept.
/// </summary>
internal sealed class LogFlushingHost(IHost inner) : IHost
{
    public IServiceProvider Services => inner.Services;

    public Task StartAsync(CancellationToken cancellationToken = default) => inner.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken = default) => inner.StopAsync(cancellationToken);

    public void Dispose()
    {
        try
        {
            inner.Dispose();
        }
        catch (IOException e)
        {
            Console.Error.WriteLine($"pxl: warning: the log could not be written at exit: {e.Message}");
        }
    }
}
