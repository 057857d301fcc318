// The system use notification shown, and acknowledged, before every sign-in (NIST SP 800-53 AC-8;
// CJIS Security Policy 5.5.4).
export const USE_NOTICE: string[] = [
  'You are accessing a U.S. Government information system, which includes this computer, this network, all computers connected to this network, and all devices and storage media attached to this network or to a computer on this network. This system is restricted to authorized users for authorized use only.',
  'Use of this system is monitored, recorded and audited. You have no reasonable expectation of privacy regarding any communication or data transiting or stored on this system. At any time, and for any lawful purpose, the Government may monitor, intercept, search and seize any communication or data on this system.',
  'Unauthorized or improper use of this system is prohibited and may result in disciplinary action and civil and criminal penalties.',
  'By using this system you consent to these terms.',
];
