namespace PxlScheduler.Http;

/// <summary>
/// Endpoint metadata: a page a person opens in a browser. A read <see cref="TokenGate"/> refuses is sent to
/// <see cref="SignInPath"/> (with the page to return to) instead of answered with a problem.
/// </summary>
internal sealed record BrowserPage(string SignInPath);
