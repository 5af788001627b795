using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace PxlScheduler.Core.Scheduling;

/// <summary>
/// The in-process hub of <see cref="ScheduleEvent"/>s: the job, its listener and <see cref="ScheduleControl"/>
/// publish, the metrics take each at once (<see cref="IScheduleEventSink"/>), and each subscriber of the event
/// stream reads its own bounded channel.
/// </summary>
/// <remarks>
/// Publishing never waits: a subscriber whose channel is full has stopped reading, and is dropped (its channel
/// completed with <see cref="SubscriberTooSlowException"/>) rather than holding up a cycle's bookkeeping.
/// </remarks>
internal sealed class ScheduleEvents(IEnumerable<IScheduleEventSink> sinks, ILogger<ScheduleEvents> logger)
{
    /// <summary>How many events a subscriber may fall behind before it is dropped.</summary>
    public const int Capacity = 256;

    private readonly IScheduleEventSink[] _sinks = [.. sinks];
    private readonly Lock _gate = new();
    private readonly List<Channel<ScheduleEvent>> _subscribers = [];

    public int Subscribers
    {
        get
        {
            lock (_gate)
            {
                return _subscribers.Count;
            }
        }
    }

    public void Publish(ScheduleEvent scheduleEvent)
    {
        foreach (var sink in _sinks)
        {
            sink.Accept(scheduleEvent);
        }

        lock (_gate)
        {
            for (var i = _subscribers.Count - 1; i >= 0; i--)
            {
                if (!_subscribers[i].Writer.TryWrite(scheduleEvent))
                {
                    _subscribers[i].Writer.TryComplete(new SubscriberTooSlowException(Capacity));
                    _subscribers.RemoveAt(i);
                    SchedulingLog.EventSubscriberDropped(logger, Capacity);
                }
            }
        }
    }

    /// <summary>A channel that receives every event from now on until <paramref name="cancellationToken"/> ends the subscription.</summary>
    public ChannelReader<ScheduleEvent> Subscribe(CancellationToken cancellationToken)
    {
        var channel = Channel.CreateBounded<ScheduleEvent>(new BoundedChannelOptions(Capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = false,
        });
        lock (_gate)
        {
            _subscribers.Add(channel);
        }

        cancellationToken.Register(() =>
        {
            lock (_gate)
            {
                _subscribers.Remove(channel);
            }

            channel.Writer.TryComplete();
        });
        return channel.Reader;
    }
}
