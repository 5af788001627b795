namespace PxlScheduler.Core.Digests;

/// <summary>The CRC-32 of gzip's trailer (IEEE 802.3, reflected, polynomial 0xEDB88320), computed as bytes go by.</summary>
internal static class Crc32
{
    private static readonly uint[] Table = Build();

    /// <summary>The CRC of what <paramref name="crc"/> was the CRC of, followed by <paramref name="bytes"/>; start from 0.</summary>
    public static uint Append(uint crc, ReadOnlySpan<byte> bytes)
    {
        crc = ~crc;
        foreach (var b in bytes)
        {
            crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return ~crc;
    }

    private static uint[] Build()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}
