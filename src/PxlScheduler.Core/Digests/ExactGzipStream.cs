using System.Globalization;
using System.IO.Compression;

namespace PxlScheduler.Core.Digests;

/// <summary>
/// Decompresses a gzip file and proves that every one of its bytes belongs to a complete gzip member: each member's
/// header, its deflate data, and its trailer (CRC-32 and length of what it held). Any byte after the last complete
/// member, a member cut short, or a trailer that does not match is an <see cref="InvalidDataException"/> giving the
/// byte offset.
/// </summary>
/// <remarks>
/// <see cref="GZipStream"/> reads concatenated members but stops quietly at bytes that do not start one, so an archive
/// with data appended after it (which <c>gzip -t</c> warns about) decompressed to the right lines and passed. Here each
/// member's deflate data is fed to a <see cref="DeflateStream"/> one byte at a time, so the position in the file after
/// the member ends is exactly where its trailer starts; the file's own buffer keeps that cheap (an archive is one
/// cycle's digest lines).
/// </remarks>
internal sealed class ExactGzipStream(FileStream file) : Stream
{
    private readonly long _length = file.Length;
    private DeflateStream? _member;
    private long _memberStart;
    private uint _crc;
    private long _memberBytes;
    private int _members;
    private bool _done;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        while (!_done)
        {
            if (_member is null && !StartMember())
            {
                _done = true;
                break;
            }

            int read;
            try
            {
                read = _member!.Read(buffer);
            }
            catch (InvalidDataException e)
            {
                throw Problem(Invariant($"the deflate data of the gzip member from byte {_memberStart} is invalid: {e.Message}"));
            }

            if (read > 0)
            {
                _crc = Crc32.Append(_crc, buffer[..read]);
                _memberBytes += read;
                return read;
            }

            EndMember();
        }

        return 0;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _member?.Dispose();
            file.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>Reads the header of the member at the file's position; false at the end of the file after at least one member.</summary>
    private bool StartMember()
    {
        var start = file.Position;
        if (start == _length)
        {
            return _members > 0 ? false : throw Problem("it is empty, not a gzip file");
        }

        Span<byte> header = stackalloc byte[10];
        if (file.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) < header.Length
            || header[0] != 0x1f || header[1] != 0x8b || header[2] != 8 || (header[3] & 0xE0) != 0)
        {
            throw Problem(_members == 0
                ? "it does not start with a gzip header"
                : Invariant($"{_length - start} byte(s) from byte {start} follow its last complete gzip member and are not part of the archive"));
        }

        var flags = header[3];
        if ((flags & 0x04) != 0)
        {
            var extra = file.ReadByte() | (file.ReadByte() << 8);
            Skip(extra, start);
        }

        if ((flags & 0x08) != 0)
        {
            SkipZeroTerminated(start);
        }

        if ((flags & 0x10) != 0)
        {
            SkipZeroTerminated(start);
        }

        if ((flags & 0x02) != 0)
        {
            Skip(2, start);
        }

        _member = new DeflateStream(new OneByteAtATime(file), CompressionMode.Decompress, leaveOpen: true);
        _memberStart = start;
        _crc = 0;
        _memberBytes = 0;
        return true;
    }

    /// <summary>Checks the trailer that must follow the member's deflate data: CRC-32 and length (mod 2^32) of its content.</summary>
    private void EndMember()
    {
        _member!.Dispose();
        _member = null;
        var trailerAt = file.Position;
        Span<byte> trailer = stackalloc byte[8];
        if (file.ReadAtLeast(trailer, trailer.Length, throwOnEndOfStream: false) < trailer.Length)
        {
            throw Problem(Invariant($"the gzip member that starts at byte {_memberStart} is cut short: the file ends at byte {_length}, before its trailer"));
        }

        if (BitConverter.ToUInt32(trailer[..4]) != _crc || BitConverter.ToUInt32(trailer[4..]) != (uint)_memberBytes)
        {
            throw Problem(Invariant($"the trailer at byte {trailerAt} of the gzip member from byte {_memberStart} does not match its content (CRC-32 or length)"));
        }

        _members++;
    }

    private void Skip(int count, long start)
    {
        if (count < 0 || file.Position + count > _length)
        {
            throw Problem(Invariant($"the file ends inside the header of the gzip member that starts at byte {start}"));
        }

        file.Position += count;
    }

    private void SkipZeroTerminated(long start)
    {
        int b;
        while ((b = file.ReadByte()) > 0)
        {
        }

        if (b < 0)
        {
            throw Problem(Invariant($"the file ends inside the header of the gzip member that starts at byte {start}"));
        }
    }

    private static InvalidDataException Problem(string what) => new(what);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>Hands the inflater one byte per read, so it never holds bytes past the end of its member.</summary>
    private sealed class OneByteAtATime(Stream inner) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (buffer.IsEmpty)
            {
                return 0;
            }

            var b = inner.ReadByte();
            if (b < 0)
            {
                return 0;
            }

            buffer[0] = (byte)b;
            return 1;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
