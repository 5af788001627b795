using System.Runtime.InteropServices;
using Microsoft.Extensions.Hosting;

namespace PxlScheduler.Hosting;

/// <summary>
/// SIGHUP stops `run` and `serve` the way SIGTERM and Ctrl+C do: the running cycle is stopped and recorded as
/// cancelled. A terminal or an SSH session that closes sends it to every process of the session; left to its
/// default, it killed pxl on the spot, and the cycle was only found, as interrupted (a failure), at the next start.
/// pxl has no configuration to reload, which is the other thing SIGHUP can mean to a daemon.
/// </summary>
internal sealed class HangupStops(IHostApplicationLifetime lifetime) : IHostedService, IDisposable
{
    private PosixSignalRegistration? _registration;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _registration = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
        {
            context.Cancel = true;
            lifetime.StopApplication();
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _registration?.Dispose();
}
