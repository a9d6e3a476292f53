// Marks one symbol-version requirement of an ELF64 shared library as weak (VER_FLG_WEAK), so the
// dynamic loader accepts the library on a host whose libstdc++ lacks that version.
//
// Why: TorchSharp 0.107.0's libLibTorchSharp.so asks for GLIBCXX_3.4.32 (GCC 13) for a single
// symbol it never calls; Debian 12's libstdc++ stops at 3.4.30. See DESIGN.md section 6.
//
// This file is compiled twice: as an MSBuild inline task (build/TorchSharpNative.targets) and into
// the test project (REPRO_ELF_PATCH_NO_MSBUILD) so the byte-level logic is unit tested.
using System;
using System.IO;
using System.Text;

namespace Repro.Build
{
    public static class ElfVersionNeed
    {
        const uint ShtGnuVerneed = 0x6ffffffe;
        public const ushort VerFlgWeak = 0x2;

        public enum Outcome { Patched, AlreadyWeak, NotRequired }

        /// <summary>Sets VER_FLG_WEAK on every vernaux entry named <paramref name="version"/>.</summary>
        public static Outcome Weaken(byte[] elf, string version)
        {
            if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
                throw new InvalidDataException("not an ELF file");
            if (elf[4] != 2 || elf[5] != 1)
                throw new InvalidDataException("only little-endian ELF64 is supported");

            long shoff = (long)BitConverter.ToUInt64(elf, 0x28);
            int shentsize = BitConverter.ToUInt16(elf, 0x3A);
            int shnum = BitConverter.ToUInt16(elf, 0x3C);

            bool found = false, changed = false;
            for (int i = 0; i < shnum; i++)
            {
                long sh = shoff + (long)i * shentsize;
                if (BitConverter.ToUInt32(elf, (int)sh + 4) != ShtGnuVerneed) continue;
                long offset = (long)BitConverter.ToUInt64(elf, (int)sh + 0x18);
                int link = (int)BitConverter.ToUInt32(elf, (int)sh + 0x28);
                int entries = (int)BitConverter.ToUInt32(elf, (int)sh + 0x2C);
                long strtab = (long)BitConverter.ToUInt64(elf, (int)(shoff + (long)link * shentsize) + 0x18);

                long vn = offset;
                for (int n = 0; n < entries; n++)
                {
                    int count = BitConverter.ToUInt16(elf, (int)vn + 2);
                    long aux = vn + BitConverter.ToUInt32(elf, (int)vn + 8);
                    for (int a = 0; a < count; a++)
                    {
                        string name = ReadCString(elf, strtab + BitConverter.ToUInt32(elf, (int)aux + 8));
                        if (name == version)
                        {
                            found = true;
                            ushort flags = BitConverter.ToUInt16(elf, (int)aux + 4);
                            if ((flags & VerFlgWeak) == 0)
                            {
                                ushort weak = (ushort)(flags | VerFlgWeak);
                                elf[aux + 4] = (byte)(weak & 0xff);
                                elf[aux + 5] = (byte)(weak >> 8);
                                changed = true;
                            }
                        }
                        aux += BitConverter.ToUInt32(elf, (int)aux + 12);
                    }
                    vn += BitConverter.ToUInt32(elf, (int)vn + 12);
                }
            }
            return !found ? Outcome.NotRequired : changed ? Outcome.Patched : Outcome.AlreadyWeak;
        }

        /// <summary>True when the library at <paramref name="path"/> defines the version string.</summary>
        // Plain loops and APIs only: MSBuild compiles this file against netstandard2.0.
        public static bool Defines(string path, string version)
        {
            byte[] bytes = File.ReadAllBytes(path);
            byte[] needle = Encoding.ASCII.GetBytes(version + "\0");
            for (int i = 0; i + needle.Length <= bytes.Length; i++)
            {
                int k = 0;
                while (k < needle.Length && bytes[i + k] == needle[k]) k++;
                if (k == needle.Length) return true;
            }
            return false;
        }

        /// <summary>Patches the file in place through a temp file and rename; no write when nothing changes.</summary>
        public static Outcome WeakenFile(string path, string version)
        {
            byte[] elf = File.ReadAllBytes(path);
            Outcome outcome = Weaken(elf, version);
            if (outcome != Outcome.Patched) return outcome;
            string temp = path + ".patching";
            File.WriteAllBytes(temp, elf);
            File.Replace(temp, path, null); // rename over the original: readers never see half a file
            return outcome;
        }

        static string ReadCString(byte[] bytes, long start)
        {
            int end = Array.IndexOf(bytes, (byte)0, (int)start);
            return Encoding.ASCII.GetString(bytes, (int)start, end - (int)start);
        }
    }

#if !REPRO_ELF_PATCH_NO_MSBUILD
    /// <summary>MSBuild entry point: weaken <see cref="Version"/> in each file unless the host libstdc++ has it.</summary>
    public class WeakenElfVersionNeed : Microsoft.Build.Utilities.Task
    {
        [Microsoft.Build.Framework.Required] public Microsoft.Build.Framework.ITaskItem[] Files { get; set; } = Array.Empty<Microsoft.Build.Framework.ITaskItem>();
        [Microsoft.Build.Framework.Required] public string Version { get; set; } = "";
        public string HostLibrary { get; set; } = "";

        public override bool Execute()
        {
            if (!string.IsNullOrEmpty(HostLibrary) && File.Exists(HostLibrary) && ElfVersionNeed.Defines(HostLibrary, Version))
            {
                Log.LogMessage(Microsoft.Build.Framework.MessageImportance.Low, "{0} defines {1}: no patch needed", HostLibrary, Version);
                return true;
            }
            foreach (var file in Files)
            {
                var outcome = ElfVersionNeed.WeakenFile(file.ItemSpec, Version);
                Log.LogMessage(Microsoft.Build.Framework.MessageImportance.Normal, "{0}: {1} {2}", file.ItemSpec, Version, outcome);
            }
            return true;
        }
    }
#endif
}
