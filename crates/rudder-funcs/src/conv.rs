//! Go-like value conversions shared by the function families (cast.ToInt64 and friends).
