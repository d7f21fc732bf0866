/** UUID factories: "Class::method" (any namespace), "function", or Go "pkg.Func". */
export const DEFAULT_UUID_FACTORIES = [
  'Str::uuid',
  'Str::orderedUuid',
  'Uuid::uuid4',
  'Uuid::uuid7',
  'uuid_create',
  'uuid.New',
  'uuid.NewString',
  'uuid.NewRandom',
  'uuid.NewV4',
  'uuid.NewV7',
];
