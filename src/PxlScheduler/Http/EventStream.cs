using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http;
using PxlScheduler.Core.Scheduling;

namespace PxlScheduler.Http;

/// <summary>
/// <c>GET /api/v1/events</c>: server-sent events from <see cref="ScheduleEvents"/>, one per event (its
/// <c>event:</c> the type, its <c>data:</c> the JSON), and a <c>heartbeat</c> event after 15 s without one so proxies keep
/// the connection open. A client that stops reading is dropped by the hub; its stream ends.
/// </summary>
internal static class EventStream
{
    public const string Heartbeat = "heartbeat";
    private static readonly TimeSpan HeartbeatEvery = TimeSpan.FromSeconds(15);

    public static IResult Stream(ScheduleEvents events, TimeProvider time, CancellationToken cancellationToken) =>
        TypedResults.ServerSentEvents(ReadAsync(events.Subscribe(cancellationToken), time, cancellationToken));

    private static async IAsyncEnumerable<SseItem<string>> ReadAsync(
        ChannelReader<ScheduleEvent> reader, TimeProvider time, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // The first event says the stream is open: a client knows from it that it will not miss what follows.
        yield return new SseItem<string>("{}", Heartbeat);
        while (true)
        {
            using var timer = new CancellationTokenSource(HeartbeatEvery, time);
            using var beat = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
            bool more;
            try
            {
                more = await reader.WaitToReadAsync(beat.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                more = true;
            }
            catch (Exception e) when (e is SubscriberTooSlowException or OperationCanceledException or ChannelClosedException)
            {
                yield break;
            }

            if (!more)
            {
                yield break;
            }

            var any = false;
            while (reader.TryRead(out var scheduleEvent))
            {
                any = true;
                yield return new SseItem<string>(JsonSerializer.Serialize(scheduleEvent, ApiJson.Api.ScheduleEvent), scheduleEvent.Type);
            }

            if (!any)
            {
                yield return new SseItem<string>("{}", Heartbeat);
            }
        }
    }
}
