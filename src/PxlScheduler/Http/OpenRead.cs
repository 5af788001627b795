namespace PxlScheduler.Http;

/// <summary>
/// Endpoint metadata: <see cref="TokenGate"/> lets anyone read this endpoint, from any address (the dashboard's
/// sign-in form and its stylesheet, which a browser beyond loopback needs before it has a session).
/// </summary>
internal sealed record OpenRead
{
    public static OpenRead Instance { get; } = new();
}
