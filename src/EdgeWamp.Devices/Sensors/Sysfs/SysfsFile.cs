using System.Globalization;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace EdgeWamp.Devices.Sensors.Sysfs;

/// <summary>
/// Reads sysfs attribute files: one short value and a trailing newline (Documentation/filesystems/sysfs.rst).
/// A missing file or a driver error (EIO, ETIMEDOUT from the read) becomes a <see cref="SensorException"/>.
/// </summary>
internal static class SysfsFile
{
    /// <summary>sysfs attributes are at most one page; values sensors report fit in far less.</summary>
    private const int MaxValueLength = 128;

    /// <summary>Reads a number such as "23125\n", "-1.5\n" or "0.000061035\n".</summary>
    public static double ReadNumber(string path)
    {
        Span<byte> buffer = stackalloc byte[MaxValueLength];
        ReadOnlySpan<byte> text = Read(path, buffer);
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
        {
            throw new SensorException($"{path}: '{Encoding.UTF8.GetString(text)}' is not a number");
        }

        return value;
    }

    /// <summary>Reads a whole attribute as text without its trailing newline (names, w1_slave's two lines).</summary>
    public static string ReadText(string path)
    {
        Span<byte> buffer = stackalloc byte[512];
        return Encoding.UTF8.GetString(Read(path, buffer));
    }

    /// <summary>Reads a text attribute, or null when it does not exist or cannot be read (used while searching).</summary>
    public static string? TryReadText(string path)
    {
        try
        {
            return ReadText(path);
        }
        catch (SensorException)
        {
            return null;
        }
    }

    private static ReadOnlySpan<byte> Read(string path, Span<byte> buffer)
    {
        int length;
        try
        {
            using SafeFileHandle handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            length = 0;
            int read;
            while (length < buffer.Length && (read = RandomAccess.Read(handle, buffer[length..], length)) > 0)
            {
                length += read;
            }
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new SensorException($"{path} not found", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SensorException($"reading {path} failed: {e.Message}", e);
        }

        return buffer[..length].TrimEnd("\n\r\t "u8).TrimStart(" "u8);
    }
}
