using System.Runtime.InteropServices;

namespace Repro.Core.Spec.Yaml;

/// <summary>
/// What kind of file a path names, asked before the file is opened: opening a FIFO blocks until someone writes
/// to it, and /dev/zero never ends. .NET has no public API for the file type (dotnet/runtime#85148), so on
/// Linux this asks statx(2), whose struct layout is the same on every architecture.
/// </summary>
static class FileType
{
    /// <summary>"a FIFO (named pipe)" and the like when the path is not a regular file; null when it is one or when this cannot tell.</summary>
    public static string? NotRegular(string path)
    {
        if (!OperatingSystem.IsLinux()) return null;
        var status = new byte[StatxSize];
        try
        {
            if (Statx(AtFdCwd, path, 0, StatxType, status) != 0) return null; // missing or unreadable: opening it says which
        }
        catch (EntryPointNotFoundException)
        {
            return null; // a C library older than glibc 2.28: the size bound still stops an endless file
        }
        if ((BitConverter.ToUInt32(status, 0) & StatxType) == 0) return null; // stx_mask: the file system did not say
        return (BitConverter.ToUInt16(status, ModeOffset) & TypeMask) switch
        {
            Regular => null,
            Fifo => "a FIFO (named pipe)",
            CharacterDevice => "a character device",
            BlockDevice => "a block device",
            Socket => "a socket",
            var other => $"a file of type 0x{other:x4}",
        };
    }

    const int AtFdCwd = -100;
    const uint StatxType = 0x1;       // STATX_TYPE: only stx_mode's type bits are needed
    const int StatxSize = 256;        // sizeof(struct statx)
    const int ModeOffset = 28;        // offsetof(struct statx, stx_mode), a __u16
    const int TypeMask = 0xF000, Fifo = 0x1000, CharacterDevice = 0x2000, BlockDevice = 0x6000, Regular = 0x8000, Socket = 0xC000;

    [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
    static extern int Statx(int dirfd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, byte[] status);
}
