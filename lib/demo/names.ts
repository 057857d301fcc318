// Invented names for demo agents. Any likeness to a real agent is coincidence.
export const DEMO_FIRST_NAMES = [
  'Alex', 'Ana', 'Benjamin', 'Carla', 'Carlos', 'Chen', 'Dana', 'David', 'Elena', 'Emily', 'Farah', 'Gabriel',
  'Grace', 'Hector', 'Imani', 'Isaac', 'Jamal', 'Jasmine', 'Jorge', 'Julia', 'Kevin', 'Laura', 'Leila', 'Luis',
  'Marcus', 'Mei', 'Michael', 'Nadia', 'Noah', 'Olivia', 'Omar', 'Patricia', 'Rafael', 'Rachel', 'Samuel', 'Sofia',
  'Tariq', 'Teresa', 'Victor', 'Yesenia',
];
export const DEMO_LAST_NAMES = [
  'Acosta', 'Baker', 'Brooks', 'Castillo', 'Chavez', 'Cohen', 'Diaz', 'Edwards', 'Flores', 'Garcia', 'Gonzalez',
  'Hall', 'Herrera', 'Hughes', 'Jackson', 'Kim', 'Lopez', 'Martinez', 'Medina', 'Morales', 'Nguyen', 'Ortiz',
  'Patel', 'Perez', 'Ramirez', 'Reyes', 'Rivera', 'Robinson', 'Romero', 'Sanchez', 'Santos', 'Schmidt', 'Singh',
  'Torres', 'Vargas', 'Walker', 'Washington', 'Wong', 'Young', 'Zhang',
];
