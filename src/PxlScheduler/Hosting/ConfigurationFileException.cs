namespace PxlScheduler.Hosting;

/// <summary><c>appsettings.json</c> could not be read as configuration; the message is one line for the operator, naming the file.</summary>
internal sealed class ConfigurationFileException : Exception
{
    public ConfigurationFileException()
    {
    }

    public ConfigurationFileException(string message)
        : base(message)
    {
    }

    public ConfigurationFileException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
