using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PxlScheduler.Tests.Support;

/// <summary>
/// A real HTTP receiver on 127.0.0.1 (HttpListener), as a webhook's far end: it answers each POST with the next
/// status code of its script (then 200 for ever) and keeps every request it got.
/// </summary>
internal sealed class WebhookReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Queue<int> _script;
    private readonly List<Received> _requests = [];
    private readonly Lock _gate = new();
    private readonly Task _loop;

    private WebhookReceiver(int port, IEnumerable<int> script)
    {
        Port = port;
        _script = new Queue<int>(script);
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}/hook";

    public IReadOnlyList<Received> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>Listens on <paramref name="port"/> (0: a free one), answering <paramref name="script"/> first.</summary>
    public static WebhookReceiver Start(int port = 0, params int[] script) => new(port == 0 ? FreePort() : port, script);

    /// <summary>A port nobody listens on at this moment.</summary>
    public static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The listener closed under the loop.
        }
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            int status;
            lock (_gate)
            {
                status = _script.Count > 0 ? _script.Dequeue() : 200;
                _requests.Add(new Received(
                    context.Request.HttpMethod,
                    context.Request.Headers.AllKeys.Where(k => k is not null).ToDictionary(k => k!, k => context.Request.Headers[k]!, StringComparer.OrdinalIgnoreCase),
                    body,
                    status));
            }

            context.Response.StatusCode = status;
            var answer = Encoding.UTF8.GetBytes(status == 200 ? "ok" : "try again");
            await context.Response.OutputStream.WriteAsync(answer);
            context.Response.Close();
        }
    }

    /// <summary>One request as it arrived, and the status it was answered with.</summary>
    internal sealed record Received(string Method, IReadOnlyDictionary<string, string> Headers, string Body, int AnsweredWith)
    {
        public string Header(string name) => Headers.TryGetValue(name, out var value) ? value : "";
    }
}
