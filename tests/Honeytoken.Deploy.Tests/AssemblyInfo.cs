using System.Runtime.Versioning;

// The tests run Linux tools (unshare, setpriv, useradd, kill) and Linux file modes.
[assembly: SupportedOSPlatform("linux")]
